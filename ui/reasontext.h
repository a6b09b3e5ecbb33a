#pragma once

#include "domain/reasonrule.h"

#include <QCoreApplication>
#include <QString>

namespace sanctum {

// What the window says when a reason breaks ReasonRule: the same rule the
// CLI and the admin socket follow, in the operator's language.
class ReasonText {
    Q_DECLARE_TR_FUNCTIONS(ReasonText)
public:
    // Empty when `reason` is fine for `action`.
    static QString problem(OperatorAction action, const QString &reason);
};

} // namespace sanctum
