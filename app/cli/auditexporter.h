#pragma once

#include "error.h"

#include <QIODevice>
#include <QJsonObject>

namespace sanctum {

// Writes audit events (as the admin socket returns them) in an export format.
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

    static QByteArray csvField(const QString &value);

private:
    QIODevice &m_out;
    Format m_format;
};

} // namespace sanctum
