#include "quickharness.h"

#include "brokerfixture.h"
#include "domain/connection.h"
#include "services/missions/missionregistry.h"
#include "services/policies/policyregistry.h"
#include "services/session/tenantsession.h"
#include "store/auditlog.h"
#include "store/database.h"
#include "ui/notificationlistmodel.h"
#include "ui/uicontroller.h"

#include <QClipboard>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace sanctum;
using namespace sanctum::test;

QuickHarness::QuickHarness(QObject *parent)
    : QObject(parent)
{
}

QuickHarness::~QuickHarness()
{
    // The controller's models watch the instance: they go first.
    delete m_controller;
    m_fixture.reset();
    m_sandbox.reset();
}

bool QuickHarness::start(QString *why)
{
    m_sandbox = BrokerFixture::startSandbox(why);
    if (!m_sandbox)
        return false;
    m_fixture = std::make_unique<BrokerFixture>(*m_sandbox);
    if (!m_fixture->start(why))
        return false;
    m_controller = new UiController(m_fixture->instance().services());
    UiController::setCurrent(m_controller);
    return true;
}

QString QuickHarness::requestMission(const QString &agent, const QStringList &scopes, const QString &purpose)
{
    if (!m_keys.contains(agent))
        m_keys.insert(agent, m_fixture->addAgent(agent));
    const HttpResponse asked =
        m_fixture->requestMission(m_keys.value(agent),
                                  {{QStringLiteral("purpose"), purpose},
                                   {QStringLiteral("connection"), QStringLiteral("github")},
                                   {QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                                   {QStringLiteral("ttl_seconds"), 600}});
    const QString id = asked.json().value(QStringLiteral("id")).toString();
    if (asked.status != 201)
        qWarning().noquote() << "mission request refused:" << asked.describe();
    else
        m_owners.insert(id, agent);
    return id;
}

QString QuickHarness::missionStatus(const QString &id) const
{
    const Expected<Mission> m = m_fixture->instance().missions().get(id);
    return m ? Mission::stateName(m->state) : QString();
}

int QuickHarness::callAs(const QString &id, const QString &path)
{
    const QString key = m_keys.value(m_owners.value(id));
    if (!m_tokens.contains(id)) {
        // The token is the agent's to collect, once, when the mission is active.
        const HttpResponse status = m_fixture->call("GET", QStringLiteral("/v1/missions/") + id, key);
        const QString token = status.json().value(QStringLiteral("mission_token")).toString();
        if (token.isEmpty())
            return status.status == 200 ? 409 : status.status;
        m_tokens.insert(id, token);
    }
    return m_fixture->call("GET", QStringLiteral("/v1/proxy") + path, m_tokens.value(id)).status;
}

void QuickHarness::flushUsage()
{
    m_fixture->flushUsage();
}

int QuickHarness::auditCount(const QString &action) const
{
    AuditQuery q;
    q.actionPrefix = action;
    q.limit = 1000;
    const auto events = m_fixture->instance().audit().list(q);
    return events ? int(events->size()) : -1;
}

int QuickHarness::approveDeviceCode(const QString &userCode)
{
    return m_fixture->http()
        .postJson(m_sandbox->controlUrl(QStringLiteral("/device/approve")),
                  {{QStringLiteral("user_code"), userCode}, {QStringLiteral("user"), QStringLiteral("alice")}})
        .status;
}

int QuickHarness::policyMaxTtl(const QString &connection) const
{
    const Expected<Policy> p = m_fixture->instance().policies().effective(connection);
    return p ? int(p->maxTtlSeconds) : -1;
}

int QuickHarness::brokerStatusWithKey(const QString &key)
{
    return m_fixture->call("GET", QStringLiteral("/v1/missions"), key).status;
}

QString QuickHarness::clipboardText() const
{
    return QGuiApplication::clipboard()->text();
}

qint64 QuickHarness::appendAudit(const QString &actor, const QString &action, const QString &subjectId)
{
    const Expected<AuditEvent> e = m_fixture->instance().audit().append(
        {actor, action, QStringLiteral("test"), subjectId, {{QStringLiteral("by"), QStringLiteral("quick test")}}});
    return e ? e->seq : -1;
}

int QuickHarness::auditCountMatching(const QString &actionPrefix, const QString &text) const
{
    AuditQuery q;
    q.actionPrefix = actionPrefix;
    q.text = text;
    q.limit = 10000;
    const auto events = m_fixture->instance().audit().list(q);
    return events ? int(events->size()) : -1;
}

QString QuickHarness::setAuditDetailsBehindTheCore(qint64 seq, const QString &details)
{
    QString old;
    const QString name = QStringLiteral("quick-harness-tamper");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_fixture->instance().database().path());
        if (db.open()) {
            QSqlQuery read(db);
            read.prepare(QStringLiteral("SELECT details FROM audit_log WHERE seq = ?"));
            read.addBindValue(seq);
            if (read.exec() && read.next()) {
                old = read.value(0).toString();
                QSqlQuery write(db);
                write.prepare(QStringLiteral("UPDATE audit_log SET details = ? WHERE seq = ?"));
                write.addBindValue(details);
                write.addBindValue(seq);
                if (!write.exec())
                    old.clear();
            }
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return old;
}

QString QuickHarness::scratchPath(const QString &name) const
{
    return m_scratch.filePath(name);
}

QStringList QuickHarness::fileLines(const QString &path) const
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

QStringList QuickHarness::heldScopes(const QString &connection) const
{
    for (const Connection &c : m_fixture->instance().session().connections())
        if (c.name == connection)
            return c.heldScopes.toList();
    return {};
}

void QuickHarness::advanceClock(int seconds)
{
    m_fixture->clock().advance(qint64(seconds) * 1000);
}

void QuickHarness::fileNotification(const QString &title, const QString &body, bool shown)
{
    Notification n;
    n.title = title;
    n.body = body;
    n.at = m_fixture->clock().now();
    NotificationListModel *list = m_controller->notifications();
    const quint64 serial = list->add(n);
    list->setDelivery(serial,
                      shown ? Notification::Delivery::Delivered : Notification::Delivery::Undelivered,
                      shown ? QStringLiteral("dbus") : QString());
}
