#include "ui/firstframeprobe.h"

#include <QCoreApplication>
#include <QQuickWindow>
#include <QTimer>

#include <atomic>
#include <cstdio>
#include <memory>

namespace sanctum {

void FirstFrameProbe::attachIfRequested(QQuickWindow *window)
{
    if (!window || qEnvironmentVariableIsEmpty("SANCTUM_REPORT_FIRST_FRAME"))
        return;
    bool quitSet = false;
    const int quitAfterMs = qEnvironmentVariableIntValue("SANCTUM_QUIT_AFTER_MS", &quitSet);
    const QByteArray line = QCoreApplication::applicationName().toLocal8Bit() + ": first frame\n";

    // frameSwapped comes from the render thread with the threaded render
    // loop, so the connection is direct and guarded by an atomic: the line is
    // written the moment the frame is out, exactly once.
    auto reported = std::make_shared<std::atomic_bool>(false);
    QObject::connect(
        window,
        &QQuickWindow::frameSwapped,
        window,
        [reported, line, quitSet, quitAfterMs] {
            if (reported->exchange(true))
                return;
            std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
            std::fflush(stderr);
            if (quitSet && quitAfterMs >= 0) {
                QMetaObject::invokeMethod(
                    QCoreApplication::instance(),
                    [quitAfterMs] {
                        QTimer::singleShot(quitAfterMs, QCoreApplication::instance(), &QCoreApplication::quit);
                    },
                    Qt::QueuedConnection);
            }
        },
        Qt::DirectConnection);
}

} // namespace sanctum
