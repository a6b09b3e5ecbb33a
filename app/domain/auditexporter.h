#pragma once

#include "domain/auditevent.h"
#include "domain/error.h"

#include <QIODevice>
#include <QJsonObject>

namespace sanctum {

// Writes audit events in an export format: one canonical JSON object per
// line, or RFC 4180 CSV. `sanctumctl audit export` (events as the admin
// socket returns them) and the control panel's export (events read from the
// store) both write through it, so their files are byte for byte alike.
class AuditExporter {
public:
    enum class Format { JsonLines, Csv };

    AuditExporter(QIODevice &out, Format format)
        : m_out(out)
        , m_format(format)
    {
    }

    static bool formatFromName(const QString &name, Format *format);
    Status begin();
    Status write(const QJsonObject &event);
    Status write(const AuditEvent &event) { return write(event.toJson()); }

    static QByteArray csvField(const QString &value);

private:
    QIODevice &m_out;
    Format m_format;
};

} // namespace sanctum
