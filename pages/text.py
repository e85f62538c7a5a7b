import streamlit as st
st.title('text')
