using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Portal.Web.Tests.Infrastructure;

/// <summary>
/// A browser without a browser: keeps cookies, fetches pages, parses them with AngleSharp and
/// submits their real forms — antiforgery token included — the way a person's browser would.
/// </summary>
public sealed class PortalClient(HttpClient http, PortalFactory? factory = null)
{
    public HttpClient Http { get; } = http;

    /// <summary>The in-process app this client talks to (not set for clients of separately started instances).</summary>
    public PortalFactory Factory => factory ?? throw new InvalidOperationException("This client talks to a separate process.");

    public async Task<HttpResponseMessage> GetAsync(string url) => await Http.GetAsync(url);

    /// <summary>Fetches a page that must answer 200 and parses it.</summary>
    public async Task<IHtmlDocument> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode} {response.Headers.Location}");
        return await ParseAsync(response);
    }

    /// <summary>Fills the form's fields by name (others keep the values the page gave them) and submits it.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, string formSelector, IDictionary<string, string>? fields = null, string? submitButton = null)
    {
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {page.Url}");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box when box.IsChecked && !string.IsNullOrEmpty(box.Name):
                    values.Add(new(box.Name, string.IsNullOrEmpty(box.Value) ? "on" : box.Value));
                    break;
                case IHtmlInputElement { Type: "checkbox" or "radio" or "submit" or "button" or "file" }:
                    break;
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name):
                    values.Add(new(input.Name, input.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    values.Add(new(area.Name, area.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    values.Add(new(select.Name, select.Value ?? ""));
                    break;
            }
        }

        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values.RemoveAll(v => v.Key == name);
            values.Add(new(name, value));
        }

        if (submitButton is not null)
        {
            var button = form.QuerySelector(submitButton) as IHtmlButtonElement
                ?? throw new InvalidOperationException($"No button '{submitButton}' in {formSelector}");
            if (!string.IsNullOrEmpty(button.Name))
            {
                values.Add(new(button.Name, button.Value));
            }
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url : form.Action;
        var actionUrl = new Uri(new Uri(page.Url), action);
        return await Http.PostAsync(actionUrl.PathAndQuery, new FormUrlEncodedContent(values));
    }

    /// <summary>Submits and follows the redirect that a successful POST answers with.</summary>
    public async Task<IHtmlDocument> SubmitAndFollowAsync(IHtmlDocument page, string formSelector, IDictionary<string, string>? fields = null)
    {
        var response = await SubmitAsync(page, formSelector, fields);
        return await FollowAsync(response);
    }

    /// <summary>Follows redirects to the final page.</summary>
    public async Task<IHtmlDocument> FollowAsync(HttpResponseMessage response)
    {
        for (var hops = 0; IsRedirect(response.StatusCode); hops++)
        {
            Assert.True(hops < 5, "Too many redirects");
            response = await Http.GetAsync(response.Headers.Location!.OriginalString);
        }

        return await ParseAsync(response);
    }

    public async Task<HttpResponseMessage> LoginAsync(string email, string password, bool rememberMe = false, string? returnUrl = null)
    {
        var page = await GetPageAsync(returnUrl is null ? "/login" : "/login?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var fields = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password };
        if (rememberMe)
        {
            fields["Input.RememberMe"] = "true";
        }

        return await SubmitAsync(page, "main form", fields);
    }

    /// <summary>Logs in and asserts it worked.</summary>
    public async Task LoginOkAsync(string email, string password = TestData.Password)
    {
        var response = await LoginAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, "Login failed: " + await ErrorsAsync(response));
    }

    public static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        var document = await context.OpenAsync(r => r.Content(html).Address(response.RequestMessage!.RequestUri!));
        return (IHtmlDocument)document;
    }

    /// <summary>The error texts a page shows (summary and fields), for assertion messages.</summary>
    public static async Task<string> ErrorsAsync(HttpResponseMessage response)
    {
        if (IsRedirect(response.StatusCode))
        {
            return "(redirect to " + response.Headers.Location + ")";
        }

        var page = await ParseAsync(response);
        return Errors(page);
    }

    public static string Errors(IDocument page) =>
        string.Join(" | ", page.QuerySelectorAll(".alert-error, .field-validation-error").Select(e => e.TextContent.Trim()));
}
