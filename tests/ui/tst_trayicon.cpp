// The tray entry on a real core: the badge and the menu follow the pending
// requests, every waiting request is one line that opens the window, and
// "Revoke all…" only asks the window to confirm — it never revokes by itself.
#include "services/missions/missionregistry.h"
#include "ui/missionlistmodel.h"
#include "ui/translations.h"
#include "ui/trayicon.h"
#include "ui/uicontroller.h"
#include "uifixture.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>
#include <QTest>

using namespace sanctum;
using namespace sanctum::test;

namespace {

QStringList menuTexts(const QMenu &menu)
{
    QStringList texts;
    for (const QAction *a : menu.actions())
        if (!a->isSeparator() || !a->text().isEmpty())
            texts << a->text();
    return texts;
}

QAction *actionNamed(const QMenu &menu, const QString &text)
{
    for (QAction *a : menu.actions())
        if (a->text() == text)
            return a;
    return nullptr;
}

// Inside the badge, above its number.
QColor badgeCorner(const QSystemTrayIcon &tray)
{
    return tray.icon().pixmap(64, 64).toImage().pixelColor(47, 3);
}

bool isAmber(const QColor &c)
{
    return c.red() > 200 && c.green() > 100 && c.green() < 170 && c.blue() < 60;
}

} // namespace

class TestTrayIcon : public QObject {
    Q_OBJECT

    std::unique_ptr<UiFixture> m_fx;
    std::unique_ptr<UiController> m_controller;
    std::unique_ptr<TrayIcon> m_tray;
    QString m_agent;

private Q_SLOTS:
    void initTestCase() { Translations::install(*QCoreApplication::instance()); }

    void init()
    {
        m_fx = std::make_unique<UiFixture>();
        QString why;
        QVERIFY2(m_fx->open(&why), qPrintable(why));
        m_agent = m_fx->addAgent(QStringLiteral("triage-bot"));
        m_controller = std::make_unique<UiController>(m_fx->instance().services());
        m_tray = std::make_unique<TrayIcon>(*m_controller);
    }

    void cleanup()
    {
        m_tray.reset();
        m_controller.reset();
        m_fx.reset();
    }

    void noBadgeWhileNothingWaits()
    {
        QCOMPARE(m_tray->icon()->toolTip(), QStringLiteral("Sanctum — 0 pending requests"));
        QVERIFY(!isAmber(badgeCorner(*m_tray->icon())));
        QVERIFY(menuTexts(*m_tray->menu()).contains(QStringLiteral("Show Sanctum")));
        QVERIFY(menuTexts(*m_tray->menu()).contains(QStringLiteral("Quit Sanctum")));
    }

    void eachWaitingRequestIsAMenuLine()
    {
        m_fx->request(m_agent, {QStringLiteral("repo")}, 600, QStringLiteral("label the new issues of acme/web"));
        m_fx->request(m_agent,
                      {QStringLiteral("gist")},
                      600,
                      QStringLiteral("share R&D notes as gists, then summarise every discussion of the week"));
        QCOMPARE(m_controller->missions()->pendingCount(), 2);
        const QStringList texts = menuTexts(*m_tray->menu());
        QVERIFY2(texts.contains(QStringLiteral("2 pending requests")), qPrintable(texts.join(QLatin1Char('|'))));
        QVERIFY(texts.contains(QStringLiteral("triage-bot: label the new issues of acme/web")));
        // A menu would take '&' for a mnemonic; long purposes are cut.
        QVERIFY2(texts.contains(QStringLiteral("triage-bot: share R&&D notes as gists, then summarise every…")),
                 qPrintable(texts.join(QLatin1Char('|'))));
        QCOMPARE(m_tray->icon()->toolTip(), QStringLiteral("Sanctum — 2 pending requests"));
        QVERIFY(isAmber(badgeCorner(*m_tray->icon())));

        QSignalSpy show(m_controller.get(), &UiController::showRequested);
        actionNamed(*m_tray->menu(), QStringLiteral("triage-bot: label the new issues of acme/web"))->trigger();
        QCOMPARE(show.size(), 1);
    }

    void manyRequestsEndWithACount()
    {
        for (int i = 0; i < TrayIcon::kMaxListed + 3; ++i)
            m_fx->request(m_agent, {QStringLiteral("repo")}, 600, QStringLiteral("close stale pull request %1").arg(i));
        const QStringList texts = menuTexts(*m_tray->menu());
        QCOMPARE(texts.filter(QStringLiteral("triage-bot: ")).size(), TrayIcon::kMaxListed);
        QVERIFY2(texts.contains(QStringLiteral("and 3 more…")), qPrintable(texts.join(QLatin1Char('|'))));
    }

    void revokeAllAsksTheWindowToConfirm()
    {
        const Mission m = m_fx->request(m_agent, {QStringLiteral("repo")});
        QSignalSpy asked(m_controller.get(), &UiController::revokeAllRequested);
        actionNamed(*m_tray->menu(), QStringLiteral("Revoke all missions…"))->trigger();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(m_fx->instance().missions().get(m.id)->state, MissionState::Pending);
    }

    void decidedRequestsLeaveTheMenu()
    {
        const Mission m = m_fx->request(m_agent, {QStringLiteral("repo")}, 600, QStringLiteral("label the issues"));
        QVERIFY(menuTexts(*m_tray->menu()).contains(QStringLiteral("triage-bot: label the issues")));
        QVERIFY(m_controller->deny(m.id, QStringLiteral("not today")));
        QVERIFY(!menuTexts(*m_tray->menu()).contains(QStringLiteral("triage-bot: label the issues")));
        QVERIFY(!isAmber(badgeCorner(*m_tray->icon())));
    }
};

QTEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
