#include "auth/secretstore.h"

#include <QDirIterator>
#include <QSignalSpy>
#include <QTest>

using namespace sanctum;

// Runs under with-keyring.sh: SANCTUM_KEYRING_MODE says whether a real
// Secret Service (gnome-keyring) is on the bus, SANCTUM_TEST_HOME is the
// throwaway home directory to search for leaks.
class TestSecretStore : public QObject {
    Q_OBJECT

    bool m_present = false;
    QString m_home;
    // Unique per run so a scan can only find this run's secret.
    const QByteArray m_secret = "rt-" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + "-refresh-token";

    SecretStore::ReadResult readNow(SecretStore &store, const QString &key)
    {
        std::optional<SecretStore::ReadResult> result;
        store.read(key, [&](SecretStore::ReadResult r) { result = std::move(r); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000); }();
        return result ? *result
                      : SecretStore::ReadResult(Error{QStringLiteral("timeout"), QStringLiteral("no answer")});
    }

    Status writeNow(SecretStore &store, const QString &key, const QByteArray &value)
    {
        std::optional<Status> result;
        store.write(key, value, [&](Status s) { result = std::move(s); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000); }();
        return result ? *result : Status(Error{QStringLiteral("timeout"), QStringLiteral("no answer")});
    }

    Status removeNow(SecretStore &store, const QString &key)
    {
        std::optional<Status> result;
        store.remove(key, [&](Status s) { result = std::move(s); });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 20000); }();
        return result ? *result : Status(Error{QStringLiteral("timeout"), QStringLiteral("no answer")});
    }

    // Files under the throwaway home (keyrings, settings, caches) holding the secret in clear.
    QStringList filesHoldingSecret() const
    {
        QStringList hits;
        QDirIterator it(m_home, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(m_secret))
                hits << f.fileName();
        }
        return hits;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QByteArray mode = qgetenv("SANCTUM_KEYRING_MODE");
        QVERIFY2(mode == "present" || mode == "absent", "run this test through tests/keychain/with-keyring.sh");
        m_present = mode == "present";
        m_home = qEnvironmentVariable("SANCTUM_TEST_HOME");
        QVERIFY(!m_home.isEmpty());
    }

    void storesReadsAndRemoves()
    {
        SecretStore store(QStringLiteral("sanctum-test"));
        store.setRetryDelay(100);
        QSignalSpy fellBack(&store, &SecretStore::fellBackToMemory);
        const QString key = QStringLiteral("tenant.example/refresh_token");

        const SecretStore::ReadResult before = readNow(store, key);
        QVERIFY2(before.ok(), before.ok() ? "" : qPrintable(before.error().message));
        QVERIFY(!before->has_value()); // "not found" is "not stored", not an error

        const Status written = writeNow(store, key, m_secret);
        QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
        const SecretStore::ReadResult after = readNow(store, key);
        QVERIFY(after.ok() && after->has_value());
        QCOMPARE(after->value(), m_secret);

        if (m_present) {
            QCOMPARE(store.backend(), SecretStore::Backend::Keychain);
            QCOMPARE(fellBack.count(), 0);
            // A second store (a later run of Sanctum) finds it in the keyring.
            SecretStore again(QStringLiteral("sanctum-test"));
            const SecretStore::ReadResult fromKeyring = readNow(again, key);
            QVERIFY(fromKeyring.ok() && fromKeyring->has_value());
            QCOMPARE(fromKeyring->value(), m_secret);
        } else {
            // No service: one clear warning, then memory only, for this run.
            QCOMPARE(store.backend(), SecretStore::Backend::MemoryOnly);
            QCOMPARE(fellBack.count(), 1);
            SecretStore later(QStringLiteral("sanctum-test"));
            later.setRetryDelay(100);
            const SecretStore::ReadResult gone = readNow(later, key);
            QVERIFY(gone.ok());
            QVERIFY(!gone->has_value()); // nothing survived outside this process
        }

        QVERIFY(removeNow(store, key).ok());
        const SecretStore::ReadResult removed = readNow(store, key);
        QVERIFY(removed.ok() && !removed->has_value());
        QVERIFY(removeNow(store, key).ok()); // removing twice is fine
        QCOMPARE(fellBack.count(), m_present ? 0 : 1);
    }

    void neverInClearOnDisk()
    {
        SecretStore store(QStringLiteral("sanctum-test"));
        store.setRetryDelay(100);
        const QString key = QStringLiteral("tenant.example/client_secret");
        QVERIFY(writeNow(store, key, m_secret).ok());
        const SecretStore::ReadResult back = readNow(store, key);
        QVERIFY(back.ok() && back->has_value());
        const QStringList hits = filesHoldingSecret();
        QVERIFY2(hits.isEmpty(), qPrintable(hits.join(QStringLiteral(", "))));
        if (m_present) {
            // The keyring really holds it (encrypted): its files exist.
            QDirIterator it(m_home + QStringLiteral("/.local/share/keyrings"), QDir::Files);
            QVERIFY2(it.hasNext(), "gnome-keyring wrote no keyring file");
        }
        QVERIFY(removeNow(store, key).ok());
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
