// The control panel's pages under Qt Quick Test, on a real core: a store in
// a temporary directory, the auth worker signed in to the sandbox tenant,
// and the broker on a free port. The QML tests click as the operator and ask
// `Harness` what the agent gets from the broker afterwards. Any warning from
// QML (a binding loop, a type error, an unknown property) fails the run.
#include "quickharness.h"

#include <QQmlEngine>
#include <QtQuickTest>

#include <cstdio>
#include <cstdlib>

namespace {

QtMessageHandler s_previous = nullptr;

bool isQmlWarning(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type != QtWarningMsg && type != QtCriticalMsg)
        return false;
    const QLatin1String category(context.category ? context.category : "");
    return category == QLatin1String("qml") || category == QLatin1String("js") ||
           category.startsWith(QLatin1String("qt.qml")) || message.contains(QLatin1String(".qml:"));
}

void failOnQmlWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    s_previous(type, context, message);
    if (isQmlWarning(type, context, message)) {
        std::fprintf(stderr, "FAIL: a QML warning is a failure: %s\n", qPrintable(message));
        std::fflush(stderr);
        std::_Exit(3);
    }
}

} // namespace

class QuickSetup : public QObject {
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        s_previous = qInstallMessageHandler(failOnQmlWarnings);
        m_harness = new QuickHarness(this);
        QString why;
        if (!m_harness->start(&why))
            qFatal("the core for the page tests did not start: %s", qPrintable(why));
        qmlRegisterSingletonInstance("SanctumTest", 1, 0, "Harness", m_harness);
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // The Sanctum module lives in the resources, as in the application.
        engine->addImportPath(QStringLiteral("qrc:/"));
    }

    void cleanupTestCase()
    {
        delete m_harness;
        m_harness = nullptr;
    }

private:
    QuickHarness *m_harness = nullptr;
};

QUICK_TEST_MAIN_WITH_SETUP(quickpages, QuickSetup)

#include "tst_quickpages.moc"
