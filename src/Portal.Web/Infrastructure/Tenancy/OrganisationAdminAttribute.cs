namespace Portal.Web.Infrastructure.Tenancy;

/// <summary>Marks a page model that only the organisation's admins may open; others get 404.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class OrganisationAdminAttribute : Attribute;
