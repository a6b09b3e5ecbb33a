#pragma once

#include <QLoggingCategory>

// The models' category, beside the core's (logging.h): sanctum.ui.
Q_DECLARE_LOGGING_CATEGORY(lcUi)
// Desktop notifications and their delivery: sanctum.ui.notify.
Q_DECLARE_LOGGING_CATEGORY(lcNotify)
