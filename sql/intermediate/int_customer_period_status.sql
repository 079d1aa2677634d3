-- int_customer_period_status: where each customer stands in each reporting
-- period, the rows the reconciliation sheet counts. Sets per period:
-- S = active on the day before the period, A = acquired in the period,
-- R = acquired earlier, not in S, active on some day of the period,
-- E = active on the period's last day. S, A and R are disjoint and E lies in
-- their union, so |S| + |A| + |R| - |lost| = |E| with lost = (S+A+R) - E.
-- grain: one row per period_type x period_start x customer_id, for customers
--   in S, A, R or E
-- key: period_type, period_start, customer_id
-- columns:
--   period_type: month, quarter or year
--   period_start: first day of the period
--   customer_id: CRM customer id
--   segment: the customer's segment
--   is_active_at_start: in S
--   is_acquired: in A
--   is_reactivated: in R
--   is_active_at_end: in E
--   is_lost: in S, A or R but not in E
--   is_lost_from_start: in S but not in E
with periods as (
    select
        period_type,
        period_start,
        period_end,
        day_before_start
    from {{ ref('int_periods') }}
),

customers as (
    select
        customer_id,
        acquisition_date,
        segment
    from {{ ref('int_customers') }}
    where acquisition_date is not null
),

spell_flags as (
    select
        periods.period_type,
        periods.period_start,
        spells.customer_id,
        bool_or(
            spells.spell_start <= periods.day_before_start
            and spells.spell_end >= periods.day_before_start
        ) as is_active_at_start,
        bool_or(
            spells.spell_start <= periods.period_end
            and spells.spell_end >= periods.period_end
        ) as is_active_at_end,
        bool_or(
            spells.spell_start <= periods.period_end
            and spells.spell_end >= periods.period_start
        ) as is_active_during
    from periods
    inner join {{ ref('int_activity_spells') }} as spells
        on spells.spell_start <= periods.period_end
        and spells.spell_end >= periods.day_before_start
    group by periods.period_type, periods.period_start, spells.customer_id
),

acquisitions as (
    select
        periods.period_type,
        periods.period_start,
        customers.customer_id
    from periods
    inner join customers
        on customers.acquisition_date >= periods.period_start
        and customers.acquisition_date <= periods.period_end
),

combined as (
    select
        coalesce(spell_flags.period_type, acquisitions.period_type)
            as period_type,
        coalesce(spell_flags.period_start, acquisitions.period_start)
            as period_start,
        coalesce(spell_flags.customer_id, acquisitions.customer_id)
            as customer_id,
        coalesce(spell_flags.is_active_at_start, false) as is_active_at_start,
        acquisitions.customer_id is not null as is_acquired,
        coalesce(spell_flags.is_active_during, false) as is_active_during,
        coalesce(spell_flags.is_active_at_end, false) as is_active_at_end
    from spell_flags
    full outer join acquisitions
        on spell_flags.period_type = acquisitions.period_type
        and spell_flags.period_start = acquisitions.period_start
        and spell_flags.customer_id = acquisitions.customer_id
),

flagged as (
    select
        combined.period_type,
        combined.period_start,
        combined.customer_id,
        customers.segment,
        combined.is_active_at_start,
        combined.is_acquired,
        (
            not combined.is_active_at_start
            and not combined.is_acquired
            and combined.is_active_during
        ) as is_reactivated,
        combined.is_active_at_end
    from combined
    inner join customers
        on combined.customer_id = customers.customer_id
),

final as (
    select
        period_type,
        period_start,
        customer_id,
        segment,
        is_active_at_start,
        is_acquired,
        is_reactivated,
        is_active_at_end,
        (is_active_at_start or is_acquired or is_reactivated)
            and not is_active_at_end as is_lost,
        is_active_at_start and not is_active_at_end as is_lost_from_start
    from flagged
)

select * from final
