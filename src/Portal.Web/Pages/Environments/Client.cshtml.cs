using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Accounts;
using Portal.Core.Organisations;
using Portal.Web.Infrastructure.Tenancy;
using Portal.Web.Infrastructure.Validation;

namespace Portal.Web.Pages.Environments;

/// <summary>Add (<c>clients/new</c>) or edit (<c>clients/{id}</c>) a client of the environment. Admins only.</summary>
[OrganisationAdmin]
public sealed class ClientModel(ClientDirectory clients, CurrentTenant tenant, UserManager<PortalUser> users) : PortalPageModel
{
    public const string NewClient = "new";

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = NewClient;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool IsNew => Id == NewClient;

    public string EnvironmentPath => $"/o/{tenant.Organisation.Slug}/e/{tenant.Environment!.Slug}";

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the client's name.")]
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Name")]
        [SingleLine]
        public string Name { get; set; } = "";

        [StringLength(32, ErrorMessage = "Use at most {1} characters.")]
        [RegularExpression(@"^[A-Za-z]{0,3}[0-9A-Za-z .\-]*$", ErrorMessage = "Use letters, digits, dots and spaces only, e.g. BE0123.456.789.")]
        [Display(Name = "VAT/company number")]
        public string? Number { get; set; }

        [Display(Name = "Status")]
        public ClientStatus Status { get; set; } = ClientStatus.Active;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (IsNew)
        {
            return Page();
        }

        var client = await FindAsync();
        if (client is null)
        {
            return NotFound();
        }

        Input = new InputModel { Name = client.Name, Number = client.Number, Status = client.Status };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var client = IsNew ? null : await FindAsync();
        if (!IsNew && client is null)
        {
            return NotFound();
        }

        if (!Enum.IsDefined(Input.Status))
        {
            ModelState.AddModelError("Input.Status", L["Choose a status."]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var actor = (await users.GetUserAsync(User))!;
        if (client is null)
        {
            await clients.CreateAsync(tenant.Organisation.Id, tenant.Environment!.Id, Input.Name, Input.Number, Input.Status, actor);
            SetStatus("Client {0} was added.", Input.Name);
        }
        else
        {
            await clients.UpdateAsync(tenant.Organisation.Id, client, Input.Name, Input.Number, Input.Status, actor);
            SetStatus("Client {0} was saved.", Input.Name);
        }

        return Redirect(EnvironmentPath);
    }

    // Looked up within the current environment only: an id from another office finds nothing (404).
    private Task<Client?> FindAsync() => Guid.TryParse(Id, out var id)
        ? clients.FindAsync(tenant.Environment!.Id, id)
        : Task.FromResult<Client?>(null);
}
