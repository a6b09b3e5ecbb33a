#include "texttable.h"

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
    return v.isString() && !v.toString().isEmpty() ? v.toString() : QStringLiteral("-");
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
