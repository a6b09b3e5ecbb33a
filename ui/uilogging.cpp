#include "ui/uilogging.h"

Q_LOGGING_CATEGORY(lcUi, "sanctum.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNotify, "sanctum.ui.notify", QtInfoMsg)
