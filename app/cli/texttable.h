#pragma once

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

private:
    QList<QStringList> m_rows;
};

} // namespace sanctum
