using Portal.Core.Organisations;

namespace Portal.Web.Infrastructure.Tenancy;

/// <summary>The organisation (and environment) of the current <c>/o/{org}/…</c> request, set by <see cref="TenantPageFilter"/>.</summary>
public sealed class CurrentTenant
{
    private OrganisationWorkspace? _organisation;

    public OrganisationWorkspace Organisation =>
        _organisation ?? throw new InvalidOperationException("This page is not organisation-scoped.");

    public EnvironmentSummary? Environment { get; private set; }

    public bool IsResolved => _organisation is not null;

    internal void Set(OrganisationWorkspace organisation, EnvironmentSummary? environment)
    {
        _organisation = organisation;
        Environment = environment;
    }
}
