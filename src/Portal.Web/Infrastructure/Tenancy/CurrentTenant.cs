using Portal.Core.Mfa;
using Portal.Core.Organisations;

namespace Portal.Web.Infrastructure.Tenancy;

/// <summary>The organisation (and environment) of the current <c>/o/{org}/…</c> request, set by <see cref="TenantPageFilter"/>.</summary>
public sealed class CurrentTenant
{
    private OrganisationWorkspace? _organisation;

    public OrganisationWorkspace Organisation =>
        _organisation ?? throw new InvalidOperationException("This page is not organisation-scoped.");

    public EnvironmentSummary? Environment { get; private set; }

    /// <summary>The organisation's 2FA requirement as it applies to the signed-in person (the countdown banner).</summary>
    public MfaStatus Mfa { get; private set; } = MfaStatus.NotRequired;

    public bool IsResolved => _organisation is not null;

    internal void Set(OrganisationWorkspace organisation, EnvironmentSummary? environment, MfaStatus mfa)
    {
        _organisation = organisation;
        Environment = environment;
        Mfa = mfa;
    }
}
