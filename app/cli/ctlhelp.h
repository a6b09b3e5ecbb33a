#pragma once

#include <QString>

namespace sanctum {

// sanctumctl's --help text.
QString ctlHelpText();

} // namespace sanctum
