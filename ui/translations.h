#pragma once

class QCoreApplication;

namespace sanctum {

// The interface's translations, compiled into the binary (:/i18n). The
// source strings are English; the English file adds only what English needs
// beyond them — plural forms ("1 request", "2 requests") — so it is also the
// fallback for a language Sanctum has no translation for.
class Translations {
public:
    static void install(QCoreApplication &app);
};

} // namespace sanctum
