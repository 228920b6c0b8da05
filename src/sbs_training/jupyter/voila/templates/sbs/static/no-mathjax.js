// Stands in for MathJax on workbook pages (see sbs_training/server/page_speed.py).
// No workbook has mathematics; loading MathJax cost about 1 MB of script on every page.
// Voila's MathJax 2 typesetter loads this file, configures it and queues typesetting: all no-ops.
window.MathJax = {
  Hub: {
    Config() {},
    Configured() {},
    Queue() {},
    Register: { StartupHook() {} }
  },
  Ajax: {},
  InputJax: { TeX: { resetEquationNumbers() {} } }
};
