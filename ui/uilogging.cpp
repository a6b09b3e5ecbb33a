#include "uilogging.h"

Q_LOGGING_CATEGORY(lcUi, "sanctum.ui", QtInfoMsg)
