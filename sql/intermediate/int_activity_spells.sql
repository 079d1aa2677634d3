-- int_activity_spells: the stretches of days on which each customer is
-- active. A completed order keeps its customer active for churn_window_days
-- days (the order day included); a contract keeps them active from starts_on
-- to ends_on. Days before the acquisition date never count. Overlapping or
-- adjacent stretches are merged (gaps and islands).
-- grain: one row per customer_id x spell (a maximal run of active days)
-- key: customer_id, spell_start
-- columns:
--   customer_id: CRM customer id
--   spell_start: first active day of the spell
--   spell_end: last active day of the spell (inclusive)
-- Method: a stretch starts a run when it begins after the day following the
-- latest end of the stretches before it; that latest end, seen from the
-- next run's first stretch (or the customer's latest end, for their last
-- run), is where the run ends. Runs are merged first and cut at the
-- acquisition date after (runs ending before it dropped, a run spanning it
-- starting on it): the same days as cutting each stretch, since every
-- stretch ends on or after its start.
with customers as (
    select
        customer_id,
        acquisition_date
    from {{ ref('int_customers') }}
    where acquisition_date is not null
),

settings as (
    select {{ var('churn_window_days') }} as window_days
),

order_stretches as (
    select
        orders.customer_id,
        orders.order_date as starts_on,
        {{ add_days(orders.order_date, settings.window_days - 1) }} as ends_on
    from {{ ref('int_orders') }} as orders
    cross join settings
    where orders.is_completed
),

contract_stretches as (
    select
        customer_id,
        starts_on,
        ends_on
    from {{ ref('stg_contracts') }}
),

stretches as (
    select customer_id, starts_on, ends_on from order_stretches
    union all
    select customer_id, starts_on, ends_on from contract_stretches
),

with_reach as (
    select
        customer_id,
        starts_on,
        ends_on,
        max(ends_on) over (
            partition by customer_id
            order by starts_on, ends_on
            rows between unbounded preceding and 1 preceding
        ) as reach_before,
        max(ends_on) over (
            partition by customer_id
            order by starts_on, ends_on
            rows between unbounded preceding and unbounded following
        ) as last_end
    from stretches
),

run_starts as (
    select
        customer_id,
        starts_on,
        reach_before,
        last_end
    from with_reach
    where reach_before is null
        or starts_on > {{ add_days(reach_before, 1) }}
),

runs as (
    select
        customer_id,
        starts_on as run_start,
        coalesce(
            lead(reach_before) over (
                partition by customer_id
                order by starts_on
            ),
            last_end
        ) as run_end
    from run_starts
),

final as (
    select
        runs.customer_id,
        case
            when runs.run_start < customers.acquisition_date
                then customers.acquisition_date
            else runs.run_start
        end as spell_start,
        runs.run_end as spell_end
    from runs
    inner join customers
        on runs.customer_id = customers.customer_id
    where runs.run_end >= customers.acquisition_date
)

select * from final
