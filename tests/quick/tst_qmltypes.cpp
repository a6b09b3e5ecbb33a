// The C++ types of the Sanctum module as QML sees them, named on their
// classes in ui/: `Ui` is the running instance's controller, which no engine
// owns or takes with it; the models are Ui's, and a page that tries to make
// one of its own is told where the real one is; MissionFilterModel is the one
// a page does make, over Ui.missions.
#include "ui/missionfiltermodel.h"
#include "ui/missionlistmodel.h"
#include "ui/uicontroller.h"
#include "uifixture.h"

#include <QPointer>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QTest>

#include <memory>

using namespace sanctum;
using namespace sanctum::test;

class TestQmlTypes : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    std::unique_ptr<UiController> m_controller;

    // The Sanctum module, from the resources as in the application.
    static void importSanctum(QQmlEngine &engine) { engine.addImportPath(QStringLiteral("qrc:/")); }

    static QByteArray document(const QByteArray &body) { return "import QtQml\nimport Sanctum\n" + body + '\n'; }

    // The object `body` makes, or null with the component's errors in `errors`.
    static std::unique_ptr<QObject> make(QQmlEngine &engine, const QByteArray &body, QString *errors)
    {
        QQmlComponent component(&engine);
        component.setData(document(body), QUrl(QStringLiteral("qrc:/tst_qmltypes/Probe.qml")));
        std::unique_ptr<QObject> object(component.isReady() ? component.create() : nullptr);
        *errors = component.errorString();
        return object;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        // As GuiApp does before its engine loads anything.
        m_controller = std::make_unique<UiController>(m_fx->instance().services());
        UiController::setCurrent(m_controller.get());
    }

    void cleanupTestCase()
    {
        UiController::setCurrent(nullptr);
        m_controller.reset();
        m_fx.reset();
    }

    void uiIsTheRunningController()
    {
        QQmlEngine engine;
        importSanctum(engine);
        QString errors;
        const auto object = make(engine,
                                 "QtObject {\n"
                                 "    readonly property QtObject ui: Ui\n"
                                 "    readonly property QtObject missions: Ui.missions\n"
                                 "    readonly property int pending: Ui.missions.pendingCount\n"
                                 "}",
                                 &errors);
        QVERIFY2(object, qPrintable(errors));
        QCOMPARE(object->property("ui").value<QObject *>(), m_controller.get());
        QCOMPARE(object->property("missions").value<QObject *>(), m_controller->missions());
        QCOMPARE(object->property("pending").toInt(), 0);
        // Handed to the engine, it stays C++'s: no engine may delete it.
        QCOMPARE(QJSEngine::objectOwnership(m_controller.get()), QJSEngine::CppOwnership);
    }

    // Qt Quick Test makes an engine per test file and the window one per
    // run; the controller outlives each, and the next gets the same one.
    void controllerOutlivesEveryEngine()
    {
        const QPointer<UiController> controller(m_controller.get());
        for (int round = 0; round < 2; ++round) {
            {
                QQmlEngine engine;
                importSanctum(engine);
                QString errors;
                const auto object = make(engine, "QtObject { readonly property QtObject ui: Ui }", &errors);
                QVERIFY2(object, qPrintable(errors));
                QCOMPARE(object->property("ui").value<QObject *>(), m_controller.get());
                engine.collectGarbage();
            }
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            QVERIFY2(controller, qPrintable(QStringLiteral("an engine deleted the controller (round %1)").arg(round)));
        }
    }

    void modelsComeOnlyFromUi_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missions") << QByteArray("MissionListModel") << QStringLiteral("Use Ui.missions");
        QTest::newRow("session") << QByteArray("SessionController") << QStringLiteral("Use Ui.session");
        QTest::newRow("policies") << QByteArray("PolicyListModel") << QStringLiteral("Use Ui.policies");
        QTest::newRow("agents") << QByteArray("AgentListModel") << QStringLiteral("Use Ui.agents");
        QTest::newRow("agent actions") << QByteArray("AgentActions") << QStringLiteral("Use Ui.agentActions");
        QTest::newRow("least privilege") << QByteArray("LeastPrivilegeController")
                                         << QStringLiteral("Use Ui.leastPrivilege");
        QTest::newRow("agent hourly") << QByteArray("AgentHourlyModel") << QStringLiteral("Use Ui.agentHourly");
        QTest::newRow("heatmap") << QByteArray("ScopeHeatmapModel") << QStringLiteral("Use Ui.heatmap");
        QTest::newRow("audit") << QByteArray("AuditListModel") << QStringLiteral("Use Ui.audit");
        QTest::newRow("audit check") << QByteArray("AuditChainChecker") << QStringLiteral("Use Ui.auditCheck");
        QTest::newRow("audit export") << QByteArray("AuditFileExporter") << QStringLiteral("Use Ui.auditExport");
        QTest::newRow("step-ups") << QByteArray("StepUpListModel") << QStringLiteral("Use Ui.stepUps");
        QTest::newRow("notifications") << QByteArray("NotificationListModel") << QStringLiteral("Use Ui.notifications");
    }

    void modelsComeOnlyFromUi()
    {
        QFETCH(QByteArray, type);
        QFETCH(QString, reason);
        QQmlEngine engine;
        importSanctum(engine);
        QString errors;
        const auto object = make(engine, type + " {}", &errors);
        QVERIFY2(!object, qPrintable(QStringLiteral("QML made its own ") + QString::fromLatin1(type)));
        QVERIFY2(errors.contains(reason), qPrintable(errors));
    }

    void pageMakesItsOwnMissionFilter()
    {
        QQmlEngine engine;
        importSanctum(engine);
        QString errors;
        const auto object = make(engine, "MissionFilterModel { sourceModel: Ui.missions }", &errors);
        QVERIFY2(object, qPrintable(errors));
        auto *filter = qobject_cast<MissionFilterModel *>(object.get());
        QVERIFY(filter);
        QCOMPARE(filter->sourceModel(), m_controller->missions());
    }
};

QTEST_MAIN(TestQmlTypes)

#include "tst_qmltypes.moc"
