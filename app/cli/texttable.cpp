#include "cli/texttable.h"

#include <QJsonArray>

namespace sanctum {

QString TextTable::cell(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    if (v.isDouble())
        return QString::number(v.toInteger());
    if (v.isArray()) {
        QStringList parts;
        for (const QJsonValue &e : v.toArray())
            parts << cell(e);
        return parts.isEmpty() ? QStringLiteral("-") : parts.join(QLatin1Char(' '));
    }
    return v.isString() && !v.toString().isEmpty() ? printable(v.toString()) : QStringLiteral("-");
}

QString TextTable::printable(const QString &text)
{
    // Text from agents reaches the operator's terminal: escape sequences,
    // line breaks and bidi overrides would let it rewrite what is shown.
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool control =
            u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
        if (control)
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

void TextTable::print(QTextStream &out) const
{
    QList<qsizetype> widths;
    for (const QStringList &row : m_rows)
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (widths.size() <= c)
                widths << 0;
            widths[c] = qMax(widths[c], row.at(c).size());
        }
    for (const QStringList &row : m_rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c) {
            if (c + 1 < row.size())
                line += row.at(c).leftJustified(widths[c] + 2);
            else
                line += row.at(c);
        }
        out << line.trimmed() << '\n';
    }
}

} // namespace sanctum
