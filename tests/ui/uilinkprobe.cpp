// A program of sanctum_ui alone, linked with every shared library on its
// link line kept as needed, so that what it loads is what sanctum_ui links
// (see CheckNoQtQml.cmake).
#include "ui/uicontroller.h"

int main()
{
    return sanctum::UiController::staticMetaObject.className() ? 0 : 1;
}
