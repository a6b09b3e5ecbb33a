// The control panel's pages under Qt Quick Test, on a real core: a store in
// a temporary directory, the auth worker signed in to the sandbox tenant,
// and the broker on a free port. The QML tests click as the operator and ask
// `Harness` what the agent gets from the broker afterwards. Any warning from
// QML (a binding loop, a type error, an unknown property) fails the run.
#include "quickharness.h"

#include <QQmlEngine>
#include <QQmlError>
#include <QStandardPaths>
#include <QtQuickTest>

#include <cstdio>
#include <cstdlib>

class QuickSetup : public QObject {
    Q_OBJECT
public Q_SLOTS:
    void applicationAvailable()
    {
        // The appearance choice goes to the settings: keep them out of the user's.
        QStandardPaths::setTestModeEnabled(true);
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
        // Qt Quick Test routes messages through its own handler, so the
        // engine's own report of warnings is what is counted.
        connect(engine, &QQmlEngine::warnings, this, [this](const QList<QQmlError> &warnings) {
            for (const QQmlError &w : warnings)
                m_warnings << w.toString();
        });
    }

    void cleanupTestCase()
    {
        delete m_harness;
        m_harness = nullptr;
        if (!m_warnings.isEmpty()) {
            for (const QString &w : std::as_const(m_warnings))
                std::fprintf(stderr, "FAIL: a QML warning is a failure: %s\n", qPrintable(w));
            std::fflush(stderr);
            std::_Exit(3);
        }
    }

private:
    QuickHarness *m_harness = nullptr;
    QStringList m_warnings;
};

QUICK_TEST_MAIN_WITH_SETUP(quickpages, QuickSetup)

#include "tst_quickpages.moc"
