// The `Ui` singleton's factory, declared on UiController next to its
// QML_SINGLETON and defined here, in the QML module, rather than in
// sanctum_ui. The controller is GuiApp's and outlives every engine (Qt Quick
// Test makes one per test file), so each engine must leave it alone: an
// object handed to an engine without an explicit mark passes to JavaScript
// ownership, and an engine may delete such singletons when it goes, parent
// or not (later Qt versions do). The mark, QJSEngine::setObjectOwnership,
// is QtQml, which sanctum_ui does not link: its model tests stay QtCore-only.
#include "ui/uicontroller.h"

#include <QJSEngine>
#include <QQmlEngine>

namespace sanctum {

UiController *UiController::create(QQmlEngine *, QJSEngine *engine)
{
    UiController *controller = current();
    Q_ASSERT(controller);
    // A singleton lives on its engine's thread; QML calls it from there.
    Q_ASSERT(engine->thread() == controller->thread());
    QJSEngine::setObjectOwnership(controller, QJSEngine::CppOwnership);
    return controller;
}

} // namespace sanctum
