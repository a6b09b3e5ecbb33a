#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace sanctum {

// The schema's history. A migration is never edited once released; changes
// come as a new migration with the next version number. SQL stays portable
// (SQLite and PostgreSQL) so the same history can run on either.
struct Migration {
    int version;
    QString description;
    QStringList statements;
};

class Migrations {
public:
    static const QList<Migration> &all();
    static int latestVersion();
};

} // namespace sanctum
