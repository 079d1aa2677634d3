-- kpi_customer_scorecard: one line per customer for account teams to sort:
-- value (net CLV tier from kpi_customer_value), relationship strength
-- (health score from kpi_customer_health) and a grade A-D combining the two.
-- Grade rule: value points (top 2, middle 1, bottom 0) + relationship points
-- (strong 2, moderate 1, weak 0) = grade_points; 4 = A, 3 = B, 2 = C,
-- 0-1 = D. As a matrix (rows value tier, columns relationship band):
--   top: strong A, moderate B, weak C
--   middle: strong B, moderate C, weak D
--   bottom: strong C, moderate D, weak D
-- grain: one row per acquired customer (int_customers with an acquisition
--   date)
-- key: customer_id
-- columns:
--   customer_id: CRM customer id
--   segment: business segment
--   acquisition_channel: channel credited with the acquisition
--   net_clv: historical net CLV (kpi_customer_value.net_clv)
--   value_tier: top (top 20% by net CLV), middle (60%) or bottom (20%), as
--     in kpi_customer_value
--   health_score: customer health score 0-100 (kpi_customer_health)
--   relationship_band: 'strong' (health_score >= 70), 'moderate' (40 to
--     below 70) or 'weak' (below 40)
--   grade_points: value points (top 2, middle 1, bottom 0) + relationship
--     points (strong 2, moderate 1, weak 0), 0-4
--   grade: A (grade_points 4), B (3), C (2) or D (0-1)
with customer_value as (
    select
        customer_id,
        segment,
        acquisition_channel,
        net_clv,
        value_tier
    from {{ ref('kpi_customer_value') }}
),

health as (
    select
        customer_id,
        health_score
    from {{ ref('kpi_customer_health') }}
),

banded as (
    select
        customer_value.customer_id,
        customer_value.segment,
        customer_value.acquisition_channel,
        customer_value.net_clv,
        customer_value.value_tier,
        health.health_score,
        case
            when health.health_score >= 70 then 'strong'
            when health.health_score >= 40 then 'moderate'
            else 'weak'
        end as relationship_band,
        case customer_value.value_tier
            when 'top' then 2
            when 'middle' then 1
            else 0
        end
        + case
            when health.health_score >= 70 then 2
            when health.health_score >= 40 then 1
            else 0
        end as grade_points
    from customer_value
    inner join health
        on customer_value.customer_id = health.customer_id
),

final as (
    select
        customer_id,
        segment,
        acquisition_channel,
        net_clv,
        value_tier,
        health_score,
        relationship_band,
        cast(grade_points as integer) as grade_points,
        case grade_points
            when 4 then 'A'
            when 3 then 'B'
            when 2 then 'C'
            else 'D'
        end as grade
    from banded
)

select * from final
