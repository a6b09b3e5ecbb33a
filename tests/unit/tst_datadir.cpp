#include "admin/adminendpoint.h"
#include "store/datadir.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace sanctum;

class TestDataDir : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void precedence()
    {
        QTemporaryDir tmp;
        const QString fromEnv = tmp.path() + QStringLiteral("/env");
        const QString fromFlag = tmp.path() + QStringLiteral("/flag");
        qputenv("SANCTUM_DATA_DIR", fromEnv.toUtf8());
        QCOMPARE(DataDir::resolve(fromFlag), fromFlag); // the flag wins
        QCOMPARE(DataDir::resolve(), fromEnv);          // then the environment
        qunsetenv("SANCTUM_DATA_DIR");
        QStandardPaths::setTestModeEnabled(true);
        QCOMPARE(DataDir::resolve(),
                 QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/sanctum"));
        QStandardPaths::setTestModeEnabled(false);
    }

    void relativePathsBecomeAbsolute()
    {
        const QString resolved = DataDir::resolve(QStringLiteral("some/../rel"));
        QVERIFY(QDir::isAbsolutePath(resolved));
        QCOMPARE(resolved, QDir::cleanPath(QDir::currentPath() + QStringLiteral("/rel")));
    }

    void prepareMakesItOwnerOnly()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/a/b");
        QVERIFY(DataDir::prepare(dir).ok());
        const QFileInfo info(dir);
        QVERIFY(info.isDir());
        QCOMPARE(info.permissions() & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther |
                                       QFile::WriteOther | QFile::ExeOther),
                 QFile::Permissions());
    }

    void socketPathFitsInSockaddr()
    {
        QCOMPARE(AdminEndpoint::socketPath(QStringLiteral("/tmp/d")), QStringLiteral("/tmp/d/admin.sock"));
        const QString deep = QStringLiteral("/tmp/") + QString(150, QLatin1Char('x'));
        const QString path = AdminEndpoint::socketPath(deep);
        QVERIFY(path.toUtf8().size() < 108);
        QCOMPARE(AdminEndpoint::socketPath(deep), path); // stable, so sanctumctl finds the same one
        QVERIFY(AdminEndpoint::socketPath(deep + QLatin1Char('y')) != path);
    }
};

QTEST_GUILESS_MAIN(TestDataDir)
#include "tst_datadir.moc"
