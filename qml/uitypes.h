#pragma once

// The C++ types the interface uses, named for QML here so sanctum_ui itself
// stays free of QML (its tests link QtCore only).

#include "ui/agentactions.h"
#include "ui/agenthourlymodel.h"
#include "ui/agentlistmodel.h"
#include "ui/auditchainchecker.h"
#include "ui/auditfileexporter.h"
#include "ui/auditlistmodel.h"
#include "ui/elevationlistmodel.h"
#include "ui/leastprivilegecontroller.h"
#include "ui/missionfiltermodel.h"
#include "ui/missionlistmodel.h"
#include "ui/notificationlistmodel.h"
#include "ui/policylistmodel.h"
#include "ui/scopeheatmapmodel.h"
#include "ui/sessioncontroller.h"
#include "ui/uicontroller.h"

#include <QJSEngine>
#include <QQmlEngine>

namespace sanctum {

// `Ui` is the running instance's controller, made by GuiApp before the
// engine loads; QML never owns it.
struct UiControllerForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::UiController)
    QML_NAMED_ELEMENT(Ui)
    QML_SINGLETON
public:
    static UiController *create(QQmlEngine *, QJSEngine *engine)
    {
        UiController *controller = UiController::current();
        Q_ASSERT(controller);
        Q_ASSERT(engine->thread() == controller->thread());
        QJSEngine::setObjectOwnership(controller, QJSEngine::CppOwnership);
        return controller;
    }
};

// The models come from `Ui`; QML only reads them.
struct MissionListModelForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::MissionListModel)
    QML_NAMED_ELEMENT(MissionListModel)
    QML_UNCREATABLE("Use Ui.missions")
};

struct SessionControllerForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::SessionController)
    QML_NAMED_ELEMENT(SessionController)
    QML_UNCREATABLE("Use Ui.session")
};

struct PolicyListModelForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::PolicyListModel)
    QML_NAMED_ELEMENT(PolicyListModel)
    QML_UNCREATABLE("Use Ui.policies")
};

struct AgentListModelForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::AgentListModel)
    QML_NAMED_ELEMENT(AgentListModel)
    QML_UNCREATABLE("Use Ui.agents")
};

struct AgentActionsForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::AgentActions)
    QML_NAMED_ELEMENT(AgentActions)
    QML_UNCREATABLE("Use Ui.agentActions")
};

struct LeastPrivilegeControllerForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::LeastPrivilegeController)
    QML_NAMED_ELEMENT(LeastPrivilegeController)
    QML_UNCREATABLE("Use Ui.leastPrivilege")
};

struct AgentHourlyModelForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::AgentHourlyModel)
    QML_NAMED_ELEMENT(AgentHourlyModel)
    QML_UNCREATABLE("Use Ui.agentHourly")
};

struct ScopeHeatmapModelForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::ScopeHeatmapModel)
    QML_NAMED_ELEMENT(ScopeHeatmapModel)
    QML_UNCREATABLE("Use Ui.heatmap")
};

struct AuditListModelForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::AuditListModel)
    QML_NAMED_ELEMENT(AuditListModel)
    QML_UNCREATABLE("Use Ui.audit")
};

struct AuditChainCheckerForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::AuditChainChecker)
    QML_NAMED_ELEMENT(AuditChainChecker)
    QML_UNCREATABLE("Use Ui.auditCheck")
};

struct AuditFileExporterForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::AuditFileExporter)
    QML_NAMED_ELEMENT(AuditFileExporter)
    QML_UNCREATABLE("Use Ui.auditExport")
};

struct ElevationListModelForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::ElevationListModel)
    QML_NAMED_ELEMENT(ElevationListModel)
    QML_UNCREATABLE("Use Ui.elevations")
};

struct NotificationListModelForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::NotificationListModel)
    QML_NAMED_ELEMENT(NotificationListModel)
    QML_UNCREATABLE("Use Ui.notifications")
};

// A page makes its own filter over Ui.missions.
struct MissionFilterModelForeign {
    Q_GADGET
    QML_FOREIGN(sanctum::MissionFilterModel)
    QML_NAMED_ELEMENT(MissionFilterModel)
};

} // namespace sanctum
