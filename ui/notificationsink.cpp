#include "ui/notificationsink.h"

namespace sanctum {

// Out of line, so the vtable and the moc output live in one object file.
NotificationSink::~NotificationSink() = default;

} // namespace sanctum
