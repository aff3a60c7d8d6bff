// Passkeys (WebAuthn Level 3). A form with data-passkey="create" or "get" carries hidden fields
// marked data-passkey-credential and data-passkey-token and a button with data-passkey-start (hidden until this script finds WebAuthn);
// the script asks the page for options (the form's data-options-url, same antiforgery token), lets
// the browser's own dialog do the rest, and submits the form with the answer. Everything else on
// the page works without script. A form with data-passkey-autofill also offers passkeys in the
// e-mail field's autofill (conditional mediation).
(() => {
  const supported = window.PublicKeyCredential
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';
  const forms = document.querySelectorAll('form[data-passkey]');
  if (!supported) {
    forms.forEach((form) => form.querySelector('[data-passkey-unsupported]')?.removeAttribute('hidden'));
    return;
  }

  let autofill = null;

  async function options(form) {
    const body = new FormData();
    const antiforgery = form.querySelector('input[name=__RequestVerificationToken]');
    form.querySelectorAll('[data-passkey-option]').forEach((field) => body.append(field.name, field.value));
    const response = await fetch(form.dataset.optionsUrl, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: antiforgery ? { RequestVerificationToken: antiforgery.value } : {},
    });
    if (!response.ok) throw new Error('options ' + response.status);
    return response.json();
  }

  function submit(form, token, credential) {
    form.querySelector('[data-passkey-token]').value = token;
    form.querySelector('[data-passkey-credential]').value = JSON.stringify(credential.toJSON());
    form.submit();
  }

  function showError(form, error) {
    const message = form.querySelector('[data-passkey-error]');
    if (message && !(error && error.name === 'AbortError')) message.removeAttribute('hidden');
  }

  async function run(form, button) {
    autofill?.abort();
    button.disabled = true;
    form.querySelector('[data-passkey-error]')?.setAttribute('hidden', '');
    try {
      const { token, options: json } = await options(form);
      const credential = form.dataset.passkey === 'create'
        ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) })
        : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) });
      if (credential) submit(form, token, credential);
    } catch (error) {
      showError(form, error);
    } finally {
      button.disabled = false;
    }
  }

  async function offerInAutofill(form) {
    if (typeof PublicKeyCredential.isConditionalMediationAvailable !== 'function'
      || !(await PublicKeyCredential.isConditionalMediationAvailable())) return;
    try {
      autofill = new AbortController();
      const { token, options: json } = await options(form);
      const credential = await navigator.credentials.get({
        mediation: 'conditional',
        signal: autofill.signal,
        publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json),
      });
      if (credential) submit(form, token, credential);
    } catch (error) {
      if (error && error.name !== 'AbortError') showError(form, error);
    }
  }

  forms.forEach((form) => {
    const button = form.querySelector('[data-passkey-start]');
    if (!button) return;
    button.removeAttribute('hidden');
    button.addEventListener('click', () => run(form, button));
    if (form.dataset.passkeyAutofill === 'on') offerInAutofill(form);
  });
})();
