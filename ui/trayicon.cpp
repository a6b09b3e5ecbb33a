#include "trayicon.h"

#include "missionlistmodel.h"
#include "uicontroller.h"

#include <QApplication>
#include <QMenu>
#include <QPainter>
#include <QPixmap>
#include <QSystemTrayIcon>

namespace sanctum {

namespace {
// Drawn rather than loaded: the SVG icon would need the Qt SVG plugin at run
// time only for this.
QIcon trayGlyph()
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
    return QIcon(px);
}
} // namespace

TrayIcon::TrayIcon(UiController &controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_menu(new QMenu)
    , m_tray(new QSystemTrayIcon(trayGlyph(), this))
{
    QAction *show = m_menu->addAction(tr("Show Sanctum"));
    connect(show, &QAction::triggered, &m_controller, &UiController::requestShow);
    m_pending = m_menu->addAction(QString());
    connect(m_pending, &QAction::triggered, &m_controller, &UiController::requestShow);
    m_menu->addSeparator();
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
    m_pending->setEnabled(pending > 0);
    m_tray->setToolTip(tr("Sanctum — %n pending request(s)", nullptr, pending));
}

} // namespace sanctum
