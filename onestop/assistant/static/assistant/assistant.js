// The assistant's voice features, each shown only where the browser has it (the form works without).
// - SpeechRecognition (zh-CN) fills the question and sends it.
// - In the elderly mode, speechSynthesis reads an answer aloud.
(function () {
  if (window.__onestopAssistant) { return; }
  window.__onestopAssistant = true;
  document.addEventListener("DOMContentLoaded", function () {
    var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    document.querySelectorAll("[data-voice-input]").forEach(function (button) {
      if (!Recognition) { return; }
      var form = button.closest("form");
      var input = form.querySelector("[data-voice-target]");
      var status = form.querySelector("[data-voice-status]");
      button.hidden = false;
      button.addEventListener("click", function () {
        var recognition = new Recognition();
        recognition.lang = "zh-CN";
        recognition.interimResults = false;
        recognition.maxAlternatives = 1;
        status.hidden = false;
        status.textContent = "请说出您的问题……";
        recognition.onresult = function (event) {
          var text = event.results[0][0].transcript;
          input.value = text;
          status.textContent = "已识别：" + text;
          form.requestSubmit ? form.requestSubmit() : form.submit();
        };
        recognition.onerror = function () { status.textContent = "没有听清，请再说一次或直接输入问题。"; };
        recognition.start();
      });
    });
    var elderly = document.documentElement.classList.contains("elderly");
    if (!elderly || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") { return; }
    document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
      var target = document.getElementById(button.dataset.readAloud);
      if (!target) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        window.speechSynthesis.cancel();
        var utterance = new SpeechSynthesisUtterance(target.innerText);
        utterance.lang = "zh-CN";
        utterance.rate = 0.9;
        window.speechSynthesis.speak(utterance);
      });
    });
  });
})();
