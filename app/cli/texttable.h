#pragma once

#include <QJsonValue>
#include <QStringList>
#include <QTextStream>

namespace sanctum {

// Left-aligned columns for terminal output, sized to their widest cell.
class TextTable {
public:
    explicit TextTable(const QStringList &headers)
        : m_rows{headers}
    {
    }
    void addRow(const QStringList &cells) { m_rows << cells; }
    void print(QTextStream &out) const;

    // How a JSON value reads in a table cell: "-" for nothing, yes/no,
    // whole numbers, lists joined by spaces.
    static QString cell(const QJsonValue &value);
    // `text` with control characters and bidi overrides shown as \uXXXX.
    static QString printable(const QString &text);

private:
    QList<QStringList> m_rows;
};

} // namespace sanctum
