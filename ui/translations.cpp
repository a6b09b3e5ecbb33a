#include "ui/translations.h"

#include "ui/uilogging.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace sanctum {

void Translations::install(QCoreApplication &app)
{
    auto *translator = new QTranslator(&app);
    if (translator->load(QLocale(), QStringLiteral("sanctum"), QStringLiteral("_"), QStringLiteral(":/i18n")) ||
        translator->load(QStringLiteral(":/i18n/sanctum_en"))) {
        QCoreApplication::installTranslator(translator);
        return;
    }
    qCWarning(lcUi) << "no translations are built in; plurals read \"(s)\"";
    delete translator;
}

} // namespace sanctum
