import streamlit as st
st.title('smoothing')
