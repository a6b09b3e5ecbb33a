#include "qml/appearance.h"

#include <QGuiApplication>
#include <QSettings>

namespace sanctum {

namespace {

const QString kKey = QStringLiteral("appearance/mode");

bool isMode(const QString &mode)
{
    return mode == QLatin1String("system") || mode == QLatin1String("light") || mode == QLatin1String("dark");
}

// What the desktop gave us, before any choice replaced it.
QPalette &systemPalette()
{
    static QPalette palette = QGuiApplication::palette();
    return palette;
}

} // namespace

Appearance::Appearance(QObject *parent)
    : QObject(parent)
    , m_mode(stored())
{
}

void Appearance::setMode(const QString &mode)
{
    if (!isMode(mode) || mode == m_mode)
        return;
    m_mode = mode;
    QSettings().setValue(kKey, mode);
    apply(mode);
    Q_EMIT modeChanged();
}

QString Appearance::stored()
{
    const QString forced = qEnvironmentVariable("SANCTUM_APPEARANCE");
    if (isMode(forced))
        return forced;
    const QString kept = QSettings().value(kKey).toString();
    return isMode(kept) ? kept : QStringLiteral("system");
}

void Appearance::apply(const QString &mode)
{
    (void)systemPalette(); // taken before the first change
    if (mode == QLatin1String("dark"))
        QGuiApplication::setPalette(darkPalette());
    else if (mode == QLatin1String("light"))
        QGuiApplication::setPalette(lightPalette());
    else
        QGuiApplication::setPalette(systemPalette());
}

QPalette Appearance::darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe8, 0xea, 0xed);
    const QColor disabled(0x80, 0x86, 0x8b);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window.lighter(110));
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window.lighter(120));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x7a, 0xa7, 0xff));
    p.setColor(QPalette::HighlightedText, base);
    p.setColor(QPalette::Link, QColor(0x7a, 0xa7, 0xff));
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(130));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return p;
}

QPalette Appearance::lightPalette()
{
    QPalette p;
    const QColor window(0xef, 0xef, 0xef);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, Qt::black);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, window.darker(104));
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xde));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x70, 0x70, 0x70));
    return p;
}

} // namespace sanctum
