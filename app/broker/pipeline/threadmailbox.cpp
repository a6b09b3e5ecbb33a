#include "broker/pipeline/threadmailbox.h"

#include <QCoreApplication>
#include <QMetaObject>

namespace sanctum {

ThreadMailbox::ThreadMailbox(QObject *anchor)
    : m_anchor(anchor)
{
}

std::shared_ptr<ThreadMailbox> ThreadMailbox::application()
{
    static const auto mailbox = std::make_shared<ThreadMailbox>(QCoreApplication::instance());
    return mailbox;
}

bool ThreadMailbox::post(std::function<void()> task)
{
    // Held while posting, so close() cannot slip in between the check and
    // the post and let the task reach a destroyed anchor.
    QMutexLocker lock(&m_mutex);
    if (!m_anchor)
        return false;
    return QMetaObject::invokeMethod(m_anchor, std::move(task), Qt::QueuedConnection);
}

void ThreadMailbox::attach(QObject *anchor)
{
    QMutexLocker lock(&m_mutex);
    m_anchor = anchor;
}

void ThreadMailbox::close()
{
    QMutexLocker lock(&m_mutex);
    m_anchor = nullptr;
}

} // namespace sanctum
