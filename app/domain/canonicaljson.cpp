#include "domain/canonicaljson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace sanctum {

QByteArray CanonicalJson::serialize(const QJsonValue &value)
{
    QByteArray out;
    out.reserve(256);
    write(out, value);
    return out;
}

void CanonicalJson::write(QByteArray &out, const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += value.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double:
        writeNumber(out, value.toDouble());
        break;
    case QJsonValue::String:
        writeString(out, value.toString());
        break;
    case QJsonValue::Array: {
        out += '[';
        bool first = true;
        for (const QJsonValue &v : value.toArray()) {
            if (!first)
                out += ',';
            first = false;
            write(out, v);
        }
        out += ']';
        break;
    }
    case QJsonValue::Object: {
        const QJsonObject obj = value.toObject();
        QStringList keys = obj.keys();
        // QString's operator< compares UTF-16 code units, which is RFC 8785's order.
        std::sort(keys.begin(), keys.end());
        out += '{';
        bool first = true;
        for (const QString &k : keys) {
            if (!first)
                out += ',';
            first = false;
            writeString(out, k);
            out += ':';
            write(out, obj.value(k));
        }
        out += '}';
        break;
    }
    }
}

void CanonicalJson::writeString(QByteArray &out, const QString &s)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void CanonicalJson::writeNumber(QByteArray &out, double d)
{
    if (!std::isfinite(d)) {
        out += "null"; // JSON has no NaN or infinity
        return;
    }
    constexpr double maxExact = 9007199254740992.0; // 2^53
    if (std::trunc(d) == d && std::fabs(d) < maxExact) {
        out += QByteArray::number(static_cast<qint64>(d));
        return;
    }
    out += QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
}

} // namespace sanctum
