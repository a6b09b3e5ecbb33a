// Plurals read as English does ("1 request", "2 requests"), not "(s)": the
// built-in English translation supplies the forms, it is what the window
// and the tray get whatever the locale, and every plural message in the
// sources has its forms filled in.
#include "ui/translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QTest>
#include <QXmlStreamReader>

using namespace sanctum;

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // A language Sanctum has no translation for falls back to English.
        QLocale::setDefault(QLocale(QLocale::Finnish, QLocale::Finland));
        Translations::install(*QCoreApplication::instance());
    }

    void qmlPluralsReadAsEnglish()
    {
        const char *source = "%n request(s) waiting for your decision";
        QCOMPARE(QCoreApplication::translate("OverviewPage", source, nullptr, 1),
                 QStringLiteral("1 request waiting for your decision"));
        QCOMPARE(QCoreApplication::translate("OverviewPage", source, nullptr, 3),
                 QStringLiteral("3 requests waiting for your decision"));
    }

    void cppPluralsReadAsEnglish()
    {
        QCOMPARE(QCoreApplication::translate("sanctum::TrayIcon", "%n pending request(s)", nullptr, 1),
                 QStringLiteral("1 pending request"));
        QCOMPARE(QCoreApplication::translate("sanctum::TrayIcon", "%n pending request(s)", nullptr, 0),
                 QStringLiteral("0 pending requests"));
    }

    void everyPluralHasItsForms()
    {
        QFile ts(QStringLiteral(SANCTUM_TS_EN));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&ts);
        int plurals = 0;
        bool numerus = false;
        QString source;
        QStringList forms;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("message")) {
                numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                forms.clear();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
                forms << xml.readElementText();
            } else if (xml.isEndElement() && xml.name() == QLatin1String("message") && numerus) {
                ++plurals;
                QVERIFY2(forms.size() == 2, qPrintable(source));
                for (const QString &f : std::as_const(forms))
                    QVERIFY2(!f.isEmpty() && !f.contains(QLatin1String("(s)")) && !f.contains(QLatin1String("(ies)")),
                             qPrintable(source));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(plurals >= 10);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
