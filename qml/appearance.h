#pragma once

#include <QObject>
#include <QPalette>
#include <QString>
#include <QtQml/qqmlregistration.h>

namespace sanctum {

// Light, dark or whatever the desktop says: the palette every control and
// the Theme follow. The choice is kept in the user's settings; "system"
// restores the palette the application started with.
class Appearance : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString mode READ mode WRITE setMode NOTIFY modeChanged)

public:
    explicit Appearance(QObject *parent = nullptr);

    QString mode() const { return m_mode; }
    // "system", "light" or "dark"; anything else is ignored.
    void setMode(const QString &mode);

    // Applies a mode to the application without remembering it.
    static void apply(const QString &mode);
    // The mode kept in the settings (SANCTUM_APPEARANCE overrides it).
    static QString stored();
    static QPalette darkPalette();
    static QPalette lightPalette();

Q_SIGNALS:
    void modeChanged();

private:
    QString m_mode;
};

} // namespace sanctum
