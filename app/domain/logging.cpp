#include "domain/logging.h"

Q_LOGGING_CATEGORY(lcCore, "sanctum.core", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "sanctum.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAudit, "sanctum.audit", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAdmin, "sanctum.admin", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCli, "sanctum.cli", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "sanctum.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBroker, "sanctum.broker", QtInfoMsg)
