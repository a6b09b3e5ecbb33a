#include "domain/auditexporter.h"

#include "domain/canonicaljson.h"

#include <QJsonDocument>

namespace sanctum {

namespace {
const QStringList kCsvColumns = {QStringLiteral("seq"),
                                 QStringLiteral("at"),
                                 QStringLiteral("actor"),
                                 QStringLiteral("action"),
                                 QStringLiteral("subject_type"),
                                 QStringLiteral("subject_id"),
                                 QStringLiteral("details"),
                                 QStringLiteral("prev_hash"),
                                 QStringLiteral("hash")};
}

bool AuditExporter::formatFromName(const QString &name, Format *format)
{
    if (name == QStringLiteral("jsonl") || name == QStringLiteral("json-lines")) {
        *format = Format::JsonLines;
        return true;
    }
    if (name == QStringLiteral("csv")) {
        *format = Format::Csv;
        return true;
    }
    return false;
}

Status AuditExporter::begin()
{
    if (m_format != Format::Csv)
        return Done{};
    if (m_out.write(kCsvColumns.join(QLatin1Char(',')).toUtf8() + "\r\n") < 0)
        return Error{QStringLiteral("io"), m_out.errorString()};
    return Done{};
}

QByteArray AuditExporter::csvField(const QString &value)
{
    // RFC 4180: quote when needed, double the quotes inside. A leading =, +, -
    // or @ is defused so a spreadsheet never runs an exported value as a formula.
    QString v = value;
    if (!v.isEmpty() && QStringLiteral("=+-@").contains(v.front()))
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char('"')) || v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('\n')) ||
        v.contains(QLatin1Char('\r')))
        return '"' + v.replace(QStringLiteral("\""), QStringLiteral("\"\"")).toUtf8() + '"';
    return v.toUtf8();
}

Status AuditExporter::write(const QJsonObject &event)
{
    QByteArray line;
    if (m_format == Format::JsonLines) {
        line = CanonicalJson::serialize(event) + '\n';
    } else {
        QList<QByteArray> fields;
        for (const QString &column : kCsvColumns) {
            const QJsonValue v = event.value(column);
            const QString text = v.isObject()   ? QString::fromUtf8(CanonicalJson::serialize(v))
                                 : v.isDouble() ? QString::number(v.toInteger())
                                                : v.toString();
            fields << csvField(text);
        }
        line = fields.join(',') + "\r\n";
    }
    if (m_out.write(line) != line.size())
        return Error{QStringLiteral("io"), QStringLiteral("writing the export failed: %1").arg(m_out.errorString())};
    return Done{};
}

} // namespace sanctum
