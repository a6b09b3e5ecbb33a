#pragma once

#include <QByteArray>
#include <QJsonValue>

namespace sanctum {

// A byte-exact JSON serialisation for hashing, in the spirit of RFC 8785:
// object members sorted by UTF-16 code units, no insignificant white space,
// minimal string escaping, integers without exponent. It is ours rather than
// QJsonDocument's so that a Qt upgrade can never change the bytes under an
// audit chain written years earlier.
class CanonicalJson {
public:
    static QByteArray serialize(const QJsonValue &value);

private:
    static void write(QByteArray &out, const QJsonValue &value);
    static void writeString(QByteArray &out, const QString &s);
    static void writeNumber(QByteArray &out, double d);
};

} // namespace sanctum
