#include "cli/ctlapp.h"

#include "cli/ctlcatalog.h"
#include "cli/ctlcontext.h"
#include "cli/ctlhelp.h"
#include "cli/ctlparser.h"
#include "domain/version.h"

namespace sanctum {

CtlApp::CtlApp(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{
}

int CtlApp::run(const QStringList &arguments)
{
    CtlContext ctl(m_out, m_err);
    const CtlCatalog catalog(ctl);
    const CtlHelp help(catalog);
    const CtlParse line = CtlParser(catalog.commands(), catalog.globalOptions()).parse(arguments);
    switch (line.kind) {
    case CtlParse::Version:
        m_out << "sanctumctl " << SANCTUM_VERSION << '\n';
        return CtlContext::Success;
    case CtlParse::Help:
        m_out << (line.args.command      ? help.command(*line.args.command)
                  : line.group.isEmpty() ? help.overview()
                                         : help.group(line.group));
        return CtlContext::Success;
    case CtlParse::NoCommand:
        m_err << help.overview();
        return CtlContext::Usage;
    case CtlParse::Error:
        ctl.begin(line.args, line.group);
        return ctl.usage(line.error);
    case CtlParse::Run:
        break;
    }
    ctl.begin(line.args);
    return line.args.command->run(line.args);
}

} // namespace sanctum
