#pragma once

#include <QHash>
#include <QObject>
#include <QString>

namespace sanctum {

class AgentRegistry;
struct Agent;

// Agent names by id for the models, read once and kept current from the
// registry's signals. Removed agents keep their names: old missions, audit
// entries and usage still belong to someone an operator can recognise.
class AgentNames : public QObject {
    Q_OBJECT
public:
    explicit AgentNames(AgentRegistry &agents, QObject *parent = nullptr);

    // The agent's name, or its id when it is unknown.
    QString name(const QString &id) const;
    bool contains(const QString &id) const { return m_names.contains(id); }

Q_SIGNALS:
    void added(const sanctum::Agent &agent);

private:
    QHash<QString, QString> m_names;
};

} // namespace sanctum
