#pragma once

#include <QAbstractItemModel>

namespace sanctum {

// A model's `count` property changes whenever rows come or go or the model
// resets; this wires those to its countChanged() signal once for all models.
template<typename Model>
void notifyCountChanges(Model *model, void (Model::*countChanged)())
{
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        QObject::connect(model, signal, model, countChanged);
    QObject::connect(model, &QAbstractItemModel::modelReset, model, countChanged);
}

} // namespace sanctum
