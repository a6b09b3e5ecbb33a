#include "ctlhelp.h"

namespace sanctum {

QString ctlHelpText()
{
    return QStringLiteral(
        "Usage: sanctumctl [--data-dir DIR] [--json] COMMAND ...\n"
        "\n"
        "Operate a running Sanctum instance through its owner-only admin socket.\n"
        "\n"
        "Commands:\n"
        "  status                              the instance: version, pid, data dir, broker, login\n"
        "  agents add NAME                     register an agent and print its key (shown only once)\n"
        "  agents list [--all]                 live agents (--all: removed ones too)\n"
        "  agents show AGENT                   one agent, by name or id\n"
        "  agents remove AGENT [--reason TEXT] remove an agent; its key stops working at once\n"
        "  audit list [--after SEQ] [--limit N] [--action PREFIX] [--subject ID]\n"
        "                                      audit entries, oldest first\n"
        "  audit verify                        check the hash chain; names the first bad entry\n"
        "  audit export [--format jsonl|csv] [--output FILE]\n"
        "                                      the whole audit log (default JSON Lines to stdout)\n"
        "  policy show [--connection NAME]     the mission policy in force\n"
        "  policy set [--connection NAME] [--max-ttl SECONDS] [--request-expiry SECONDS]\n"
        "             [--auto-approve SCOPES] [--require-purpose true|false]\n"
        "                                      change the policy (\"*\" = every connection)\n"
        "  tenant set --issuer URL --client-id ID [--audience A] [--connection NAME]...\n"
        "             [--client-secret-stdin]  the Auth0 tenant; the secret is read from stdin\n"
        "                                      and kept in the keychain\n"
        "  tenant show                         the tenant and the sign-in state\n"
        "  login [--device] [--login-hint USER]\n"
        "                                      sign in, in the browser or with a device code\n"
        "  logout                              sign out and revoke the refresh token\n"
        "  whoami                              who is signed in, to which tenant\n"
        "  connections list | check [NAME]     the tenant's connections; check gets a token\n"
        "                                      through Token Vault and reports its scopes\n"
        "  connections revocation NAME --api URL --client-id ID --client-secret-stdin\n"
        "                                      the upstream OAuth app, to revoke tokens there\n"
        "  connections revoke NAME             revoke the connection's current upstream token\n"
        "\n"
        "Options:\n"
        "  --data-dir DIR   the instance's data directory (default: $SANCTUM_DATA_DIR,\n"
        "                   else ~/.local/share/sanctum)\n"
        "  --json           print results as JSON\n"
        "  --help, -h       this help\n"
        "  --version        the version\n"
        "\n"
        "Exit status: 0 success, 1 the request failed, 2 usage error.\n");
}

} // namespace sanctum
