-- audit_reconciliation_identity: rows of the reconciliation sheet where
-- start + acquired + reactivated - lost differs from end. Any row blocks
-- publishing.
-- grain: one row per violating period_type x period_start x segment
-- key: period_type, period_start, segment
with sheet as (
    select
        period_type,
        period_start,
        segment,
        customers_start,
        acquired,
        reactivated,
        lost,
        customers_end
    from {{ ref('kpi_customer_reconciliation') }}
)

select *
from sheet
where customers_start + acquired + reactivated - lost <> customers_end
