#pragma once

class QQuickWindow;

namespace sanctum {

// A measuring hook for the control panel benchmark (tests/bench/guistartbench.cpp),
// off unless asked for through the environment:
//   SANCTUM_REPORT_FIRST_FRAME  set: when `window` has shown its first frame,
//                               one line "<application name>: first frame" goes
//                               to stderr (the benchmark timestamps its arrival);
//   SANCTUM_QUIT_AFTER_MS=N     with the above: the application quits N ms after
//                               that frame, so a measuring run ends on its own.
// The bare Qt Quick window the benchmark compares against uses the same code,
// so both report the same event the same way.
class FirstFrameProbe {
public:
    static void attachIfRequested(QQuickWindow *window);
};

} // namespace sanctum
