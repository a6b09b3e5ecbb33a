#include "ui/trayicon.h"

#include "ui/missionlistmodel.h"
#include "ui/uicontroller.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSystemTrayIcon>

namespace sanctum {

namespace {
// Drawn rather than loaded: the SVG icon would need the Qt SVG plugin at run
// time only for this.
// The app's glyph; with requests waiting, an amber badge with their count.
QIcon trayGlyph(int pending)
{
    QPixmap px(64, 64);
    px.fill(Qt::transparent);
    QPainter p(&px);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(0x2f, 0x6f, 0xde));
    p.drawRoundedRect(QRectF(4, 4, 56, 56), 14, 14);
    p.setPen(Qt::white);
    QFont f = p.font();
    f.setPixelSize(40);
    f.setBold(true);
    p.setFont(f);
    p.drawText(px.rect(), Qt::AlignCenter, QStringLiteral("S"));
    if (pending > 0) {
        const QRectF badge(30, 0, 34, 34);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(0xe3, 0x8b, 0x00));
        p.drawEllipse(badge);
        p.setPen(Qt::white);
        f.setPixelSize(pending > 9 ? 17 : 24);
        p.setFont(f);
        p.drawText(badge, Qt::AlignCenter, pending > 9 ? QStringLiteral("9+") : QString::number(pending));
    }
    return QIcon(px);
}

// Enough to tell requests apart in a menu line.
constexpr int kMaxPurposeInMenu = 48;
} // namespace

TrayIcon::TrayIcon(UiController &controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_menu(new QMenu)
    , m_tray(new QSystemTrayIcon(trayGlyph(0), this))
{
    QAction *show = m_menu->addAction(tr("Show Sanctum"));
    connect(show, &QAction::triggered, &m_controller, &UiController::requestShow);
    m_menu->addSeparator();
    m_pending = m_menu->addSection(QString());
    m_pendingEnd = m_menu->addSeparator();
    QAction *revokeAll = m_menu->addAction(tr("Revoke all missions…"));
    // The confirmation (and its reason) happens in the window, where it can be read.
    connect(revokeAll, &QAction::triggered, &m_controller, &UiController::requestRevokeAll);
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit Sanctum"));
    connect(quit, &QAction::triggered, qApp, &QCoreApplication::quit);
    m_tray->setContextMenu(m_menu);

    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger)
            m_controller.requestShow();
    });
    connect(m_tray, &QSystemTrayIcon::messageClicked, &m_controller, &UiController::requestShow);
    connect(m_controller.missions(), &MissionListModel::pendingCountChanged, this, &TrayIcon::updatePending);
    updatePending();
    m_tray->show();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

void TrayIcon::updatePending()
{
    const int pending = m_controller.missions()->pendingCount();
    m_pending->setText(tr("%n pending request(s)", nullptr, pending));
    m_tray->setToolTip(tr("Sanctum — %n pending request(s)", nullptr, pending));
    if (pending != m_shownPending)
        m_tray->setIcon(trayGlyph(pending));
    m_shownPending = pending;

    // One line per waiting request, oldest first as the list shows them;
    // each opens the window, where it is decided.
    qDeleteAll(m_requestActions);
    m_requestActions.clear();
    const MissionListModel *missions = m_controller.missions();
    int listed = 0;
    for (int row = 0; row < missions->rowCount() && listed <= kMaxListed; ++row) {
        const QModelIndex i = missions->index(row);
        if (i.data(MissionListModel::StatusRole).toString() != QLatin1String("pending"))
            continue;
        QString purpose = i.data(MissionListModel::PurposeRole).toString();
        if (purpose.size() > kMaxPurposeInMenu)
            purpose = purpose.left(kMaxPurposeInMenu - 1).trimmed() + QChar(0x2026);
        // '&' would become a mnemonic in a menu.
        const QString text = QStringLiteral("%1: %2")
                                 .arg(i.data(MissionListModel::AgentNameRole).toString(), purpose)
                                 .replace(QLatin1Char('&'), QStringLiteral("&&"));
        auto *action = new QAction(listed < kMaxListed ? text : tr("and %1 more…").arg(pending - kMaxListed), m_menu);
        connect(action, &QAction::triggered, &m_controller, &UiController::requestShow);
        m_menu->insertAction(m_pendingEnd, action);
        m_requestActions.append(action);
        ++listed;
    }
}

} // namespace sanctum
