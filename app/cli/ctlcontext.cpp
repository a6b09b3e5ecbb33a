#include "cli/ctlcontext.h"

#include "admin/adminclient.h"
#include "cli/ctlargs.h"
#include "cli/ctlcommand.h"
#include "store/datadir.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sanctum {

CtlContext::CtlContext(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

CtlContext::~CtlContext() = default;

void CtlContext::begin(const CtlArgs &args, const QString &group)
{
    m_json = args.has(QStringLiteral("json"));
    m_dataDirOption = args.option(QStringLiteral("data-dir"));
    m_topic = args.command ? args.command->name : group;
    m_client.reset();
}

int CtlContext::usage(const QString &message)
{
    m_err << "sanctumctl: " << message << '\n';
    if (m_topic.isEmpty())
        m_err << "Run 'sanctumctl --help' for the commands.\n";
    else
        m_err << "Run 'sanctumctl " << m_topic << " --help' for its usage.\n";
    return Usage;
}

int CtlContext::failed(const Error &error)
{
    if (m_json)
        m_err << QJsonDocument(
                     QJsonObject{{QStringLiteral("error"), error.code}, {QStringLiteral("message"), error.message}})
                     .toJson(QJsonDocument::Compact)
              << '\n';
    else
        m_err << "sanctumctl: " << error.message << '\n';
    return Failed;
}

AdminClient &CtlContext::client()
{
    if (!m_client)
        m_client = std::make_unique<AdminClient>(DataDir::resolve(m_dataDirOption));
    return *m_client;
}

Expected<QJsonObject> CtlContext::quietCall(const QString &cmd, const QJsonObject &args, int timeoutMs)
{
    return client().call(cmd, args, timeoutMs);
}

std::optional<QJsonObject> CtlContext::call(const QString &cmd, const QJsonObject &args, int timeoutMs)
{
    Expected<QJsonObject> reply = client().call(cmd, args, timeoutMs);
    if (!reply) {
        failed(reply.error());
        return std::nullopt;
    }
    return *reply;
}

void CtlContext::printJson(const QJsonValue &value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    m_out << doc.toJson(QJsonDocument::Indented);
}

} // namespace sanctum
