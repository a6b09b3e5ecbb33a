// The control panel as a person sees it: Sanctum's demo under a real X
// server (ctest runs this under xvfb-run), each page rendered and saved as
// a PNG in build/screenshots/. The store is filled the demo's own way first
// (a headless demo run whose missions an operator approves, so its agents
// really call the broker); then the window runs on it and tours the pages.
// A QML warning fails the test, and so does a heatmap with no colour in it.
#include "integrationsupport.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sanctum::test;

namespace {

const QStringList kPages = {QStringLiteral("1-overview"),
                            QStringLiteral("2-agents"),
                            QStringLiteral("3-missions"),
                            QStringLiteral("4-heatmap"),
                            QStringLiteral("5-audit"),
                            QStringLiteral("6-settings"),
                            QStringLiteral("7-overview-dark"),
                            QStringLiteral("8-heatmap-dark")};

bool isHeat(const QColor &c)
{
    return c.red() < 130 && c.green() < 170 && c.blue() > 180;
}

// Pixels inside areas filled with the heatmap's colour for a busy cell: the
// accent blue at more than half strength, with all eight neighbours the
// same (text's coloured anti-aliasing fringes are single pixels; light
// tints such as the navigation's highlight do not count at all).
int heatPixels(const QImage &image)
{
    int n = 0;
    for (int y = 1; y + 1 < image.height(); ++y)
        for (int x = 1; x + 1 < image.width(); ++x) {
            bool filled = true;
            for (int dy = -1; dy <= 1 && filled; ++dy)
                for (int dx = -1; dx <= 1 && filled; ++dx)
                    filled = isHeat(image.pixelColor(x + dx, y + dy));
            n += filled ? 1 : 0;
        }
    return n;
}

QJsonArray missionsIn(const HeadlessInstance &instance, const QString &status)
{
    return QJsonDocument::fromJson(instance
                                       .ctl({QStringLiteral("missions"),
                                             QStringLiteral("list"),
                                             QStringLiteral("--status"),
                                             status,
                                             QStringLiteral("--json")})
                                       .out)
        .array();
}

} // namespace

class TestScreenshots : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_shots = QStringLiteral(SANCTUM_SCREENSHOT_DIR);

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariableIsEmpty("DISPLAY"), "run under xvfb-run (ctest does)");
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sanctum-test-bus");
        QVERIFY(m_dir.isValid());
        QDir(m_shots).removeRecursively();
    }

    void demoAgentsLeaveUsageBehind()
    {
        HeadlessInstance demo(m_dir.filePath(QStringLiteral("data")));
        QVERIFY2(demo.start(20000, {QStringLiteral("--demo")}), demo.output().constData());
        QTRY_COMPARE_WITH_TIMEOUT(missionsIn(demo, QStringLiteral("pending")).size(), 3, 30000);
        QStringList ids;
        for (const QJsonValue &m : missionsIn(demo, QStringLiteral("pending"))) {
            ids << m[QStringLiteral("id")].toString();
            const CtlRun approved = demo.ctl({QStringLiteral("missions"), QStringLiteral("approve"), ids.last()});
            QVERIFY2(approved.exitCode == 0, approved.err.constData());
        }
        // A few rounds of calls from each agent (one every 3 s).
        const auto calls = [&](const QString &id) {
            return QJsonDocument::fromJson(
                       demo.ctl({QStringLiteral("missions"), QStringLiteral("show"), id, QStringLiteral("--json")}).out)
                .object()
                .value(QStringLiteral("recent_calls"))
                .toArray()
                .size();
        };
        for (const QString &id : std::as_const(ids))
            QTRY_VERIFY_WITH_TIMEOUT(calls(id) >= 2, 30000);
        demo.stop();
    }

    void everyPageRendersWithoutQmlWarnings()
    {
        QProcess gui;
        gui.setProcessChannelMode(QProcess::MergedChannels);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the X server's window, not offscreen
        env.insert(QStringLiteral("SANCTUM_SCREENSHOT_DIR"), m_shots);
        // Time for the demo to sign in and its agents to ask again.
        env.insert(QStringLiteral("SANCTUM_SCREENSHOT_DELAY_MS"), QStringLiteral("5000"));
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("sanctum.*.info=false"));
        gui.setProcessEnvironment(env);
        gui.start(QStringLiteral(SANCTUM_BIN),
                  {QStringLiteral("--demo"),
                   QStringLiteral("--data-dir"),
                   m_dir.filePath(QStringLiteral("data")),
                   QStringLiteral("--broker-port"),
                   QStringLiteral("0")});
        QVERIFY(finishes(gui, 90000));
        const QByteArray output = gui.readAll();
        QVERIFY2(gui.exitStatus() == QProcess::NormalExit && gui.exitCode() == 0, output.constData());
        for (const QByteArray &sign : {QByteArray(".qml:"), QByteArray("qrc:/"), QByteArray("Binding loop")})
            QVERIFY2(!output.contains(sign), output.constData());

        for (const QString &page : kPages) {
            const QImage shot(QDir(m_shots).filePath(page + QStringLiteral(".png")));
            QVERIFY2(!shot.isNull(), qPrintable(page));
            QVERIFY2(shot.width() >= 820 && shot.height() >= 520, qPrintable(page)); // the window's minimum
        }
    }

    void darkPaletteIsDark()
    {
        // Mean lightness of the whole window: the light overview is mostly
        // pale, the dark one mostly dark.
        const auto lightness = [](const QImage &image) {
            double sum = 0;
            for (int y = 0; y < image.height(); y += 2)
                for (int x = 0; x < image.width(); x += 2)
                    sum += image.pixelColor(x, y).lightnessF();
            return sum / ((image.height() / 2) * (image.width() / 2));
        };
        const double light = lightness(QImage(QDir(m_shots).filePath(QStringLiteral("1-overview.png"))));
        const double dark = lightness(QImage(QDir(m_shots).filePath(QStringLiteral("7-overview-dark.png"))));
        qInfo("mean lightness: light %.2f, dark %.2f", light, dark);
        QVERIFY(light > 0.75);
        QVERIFY(dark < 0.35);
    }

    void heatmapIsNotBlank()
    {
        const QImage heatmap(QDir(m_shots).filePath(QStringLiteral("4-heatmap.png")));
        const QImage audit(QDir(m_shots).filePath(QStringLiteral("5-audit.png")));
        QVERIFY(!heatmap.isNull() && !audit.isNull());
        // The busiest cell is filled with the full accent colour (a cell is
        // 118 × 44 pixels); a page without a heatmap has only details in it.
        const int heat = heatPixels(heatmap);
        const int base = heatPixels(audit);
        qInfo("accent-coloured pixels: heatmap %d, audit page %d", heat, base);
        QVERIFY2(heat > base + 3000, qPrintable(QStringLiteral("%1 vs %2").arg(heat).arg(base)));
    }
};

QTEST_GUILESS_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
